import type { DemoStore } from './store-definition.ts';
import { commonTerms } from './policies.ts';

const sizes = (base: number) => [
  { title: '30 ml', priceCents: base },
  { title: '50 ml', priceCents: Math.round(base * 1.5) },
  { title: '100 ml', priceCents: Math.round(base * 2.6) },
];

/** Seed 000: a daily-skincare discount store, 50% off everything, with a summer campaign. */
export const skincareStore: DemoStore = {
  slug: 'skincare',
  name: 'Dew & Half',
  tagline: 'Daily skincare, half the price, every day.',
  hosts: ['skincare.localhost'],
  seed: 1000,
  promise: 'Ships in 1–3 days, free worldwide delivery in 6–12 days, and 60 days of free returns.',
  policy: {
    ...commonTerms,
    // Parcels leave a US warehouse; anything going abroad is declared under this HS code.
    warehouse: { countryCode: 'US', hsCode: '3304.99', goodsOrigin: 'KR' },
    storewideDiscountPercent: 50,
    announcement: '50% off everything · Free worldwide shipping · 60-day free returns',
    campaigns: [
      {
        slug: 'summer-glow',
        title: 'Summer Glow Sale',
        subtitle: 'Sun care, light gels and cooling mists — all at half price.',
        theme: 'sun',
        categorySlugs: ['sunscreen', 'moisturizers'],
      },
    ],
    historyDeletionWorkingDays: 3,
    reviewsOnErasure: 'keep_as_verified_buyer',
    personalisation: { enabledByDefault: false, honourGlobalPrivacyControl: true, honourDoNotTrack: true },
    accentColor: '#d9480f',
    contactEmail: 'hello@skincare.example',
  },
  synonyms: [
    ['sun cream', 'sunscreen', 'spf', 'sunblock', 'sun protection'],
    ['moisturiser', 'hydrator', 'hydrating cream'],
    ['spot', 'blemish', 'acne', 'breakout'],
    ['cleanser', 'face wash', 'facial wash'],
    ['essence', 'toner'],
    ['lip balm', 'chapstick', 'lip care'],
  ],
  categories: [
    {
      slug: 'cleansers',
      name: 'Cleansers',
      description: 'Gentle gels, balms and foams that clean without stripping.',
      motif: 'pump',
      variants: [
        { title: '150 ml', priceCents: 1800 },
        { title: '300 ml', priceCents: 2900 },
      ],
      products: [
        {
          name: 'Oat Milk Gentle Cleanser',
          blurb: 'A creamy, low-foam wash with colloidal oat for sensitive skin.',
        },
        {
          name: 'Green Tea Foaming Cleanser',
          blurb: 'A light foam with green tea to lift oil and sunscreen.',
        },
        { name: 'Melting Cleansing Balm', blurb: 'Dissolves makeup and SPF, rinses clean with water.' },
        { name: 'Salicylic Clarifying Gel Cleanser', blurb: 'Two percent salicylic acid keeps pores clear.' },
        { name: 'Rice Water Brightening Cleanser', blurb: 'Fermented rice water for a soft, even look.' },
        { name: 'Micellar Cleansing Water', blurb: 'No-rinse micellar water for mornings and quick resets.' },
        {
          name: 'Ceramide Hydrating Cleanser',
          blurb: 'Cleanses while three ceramides protect the skin barrier.',
        },
        { name: 'Charcoal Deep Pore Cleanser', blurb: 'Bamboo charcoal draws out grime after a long day.' },
        { name: 'Cleansing Oil Lightweight', blurb: 'A silky oil that turns milky on contact with water.' },
      ],
    },
    {
      slug: 'toners',
      name: 'Toners & Essences',
      description: 'Watery layers that hydrate and prepare skin for what comes next.',
      motif: 'bottle',
      variants: sizes(1500),
      products: [
        {
          name: 'Hyaluronic Hydrating Toner',
          blurb: 'Five weights of hyaluronic acid for bouncy hydration.',
        },
        {
          name: 'Glycolic Exfoliating Toner',
          blurb: 'Seven percent glycolic acid smooths rough texture overnight.',
        },
        { name: 'Rose Petal Soothing Toner', blurb: 'Rose water and panthenol calm redness.' },
        { name: 'Snail Mucin Essence', blurb: 'A silky essence that supports repair and glow.' },
        { name: 'Centella Calming Essence', blurb: 'Cica extract for stressed, reactive skin.' },
        { name: 'Witch Hazel Balancing Toner', blurb: 'Alcohol-free witch hazel to balance shine.' },
        { name: 'Fermented Galactomyces Essence', blurb: 'Ferment filtrate for a clear, luminous finish.' },
        { name: 'Milky Barrier Toner', blurb: 'A milky toner with ceramides for dry days.' },
      ],
    },
    {
      slug: 'serums',
      name: 'Serums',
      description: 'Concentrated actives: vitamin C, niacinamide, retinal and peptides.',
      motif: 'dropper',
      variants: sizes(2200),
      products: [
        { name: 'Vitamin C Brightening Serum', blurb: 'Fifteen percent vitamin C with ferulic acid.' },
        {
          name: 'Niacinamide Pore Serum',
          blurb: 'Ten percent niacinamide and zinc refine the look of pores.',
        },
        { name: 'Retinal Night Serum', blurb: 'Encapsulated retinal for smoother skin by morning.' },
        { name: 'Peptide Firming Serum', blurb: 'Copper peptides for a firmer, springier feel.' },
        { name: 'Hyaluronic Plumping Serum', blurb: 'Instant plumping hydration under any moisturizer.' },
        { name: 'Azelaic Acid Clarifying Serum', blurb: 'Evens tone and calms breakouts.' },
        {
          name: 'Bakuchiol Gentle Retinol Alternative',
          blurb: 'Plant-based smoothing, safe for sensitive skin.',
        },
        { name: 'Squalane Facial Oil Serum', blurb: 'Weightless squalane seals in moisture.' },
        { name: 'Tranexamic Dark Spot Serum', blurb: 'Targets dark spots and post-blemish marks.' },
      ],
    },
    {
      slug: 'moisturizers',
      name: 'Moisturizers',
      description: 'Gel creams, rich creams and barrier balms for every skin type.',
      motif: 'jar',
      variants: sizes(2400),
      products: [
        { name: 'Water Gel Moisturizer', blurb: 'An oil-free gel moisturizer that sinks in instantly.' },
        {
          name: 'Barrier Repair Cream Moisturizer',
          blurb: 'Ceramides, cholesterol and fatty acids in the skin’s own ratio.',
        },
        { name: 'Whipped Shea Moisturizer', blurb: 'A rich, whipped cream for very dry skin.' },
        { name: 'Oil-Control Matte Moisturizer', blurb: 'Keeps shine down all day without drying.' },
        { name: 'Night Recovery Moisturizer', blurb: 'A cushiony night cream with peptides and squalane.' },
        { name: 'Aloe Cooling Gel Cream', blurb: 'Aloe and cucumber cool skin after the sun.' },
        { name: 'Probiotic Balancing Moisturizer', blurb: 'Lactobacillus ferment for calm, balanced skin.' },
        {
          name: 'Tinted Moisturizer SPF 30',
          tags: ['sunscreen', 'spf'],
          blurb: 'Sheer tint with broad-spectrum protection.',
        },
        { name: 'Ceramide Daily Moisturizing Lotion', blurb: 'A light lotion for face and body.' },
        { name: 'Overnight Sleeping Mask Moisturizer', blurb: 'Locks in hydration while you sleep.' },
      ],
    },
    {
      slug: 'sunscreen',
      name: 'Sunscreen',
      description: 'Broad-spectrum SPF that feels like nothing.',
      motif: 'tube',
      variants: [
        { title: '50 ml', priceCents: 2200 },
        { title: '100 ml', priceCents: 3600 },
      ],
      products: [
        {
          name: 'Invisible Fluid Sunscreen SPF 50',
          tags: ['spf'],
          blurb: 'A clear fluid with no white cast.',
        },
        {
          name: 'Mineral Zinc Sunscreen SPF 30',
          tags: ['spf'],
          blurb: 'Non-nano zinc oxide for sensitive skin.',
        },
        {
          name: 'Sport Water-Resistant Sunscreen SPF 50',
          tags: ['spf'],
          blurb: 'Eighty minutes water resistance.',
        },
        { name: 'Sun Stick SPF 50', tags: ['spf'], blurb: 'Reapply over makeup with a swipe.' },
        { name: 'Dewy Sun Serum SPF 40', tags: ['spf'], blurb: 'Sun protection with a hydrating glow.' },
        {
          name: 'Kids Gentle Sunscreen SPF 50',
          tags: ['spf'],
          blurb: 'Fragrance-free protection for little ones.',
        },
        { name: 'Matte Sunscreen Primer SPF 35', tags: ['spf'], blurb: 'Blurs pores and protects.' },
        { name: 'After-Sun Soothing Gel', blurb: 'Aloe and panthenol calm sun-warmed skin.' },
      ],
    },
    {
      slug: 'masks',
      name: 'Masks',
      description: 'Clay, sheet and overnight masks for a weekly reset.',
      motif: 'jar',
      variants: [
        { title: 'Single', priceCents: 900 },
        { title: 'Pack of 5', priceCents: 3800 },
      ],
      products: [
        { name: 'Kaolin Clay Purifying Mask', blurb: 'Absorbs excess oil in ten minutes.' },
        { name: 'Hydrogel Sheet Mask', blurb: 'A cooling hydrogel sheet soaked in essence.' },
        { name: 'Honey Nourishing Mask', blurb: 'Manuka honey for comfort and glow.' },
        { name: 'AHA Resurfacing Mask', blurb: 'A weekly peel mask for smoother texture.' },
        { name: 'Green Clay Detox Mask', blurb: 'French green clay and spirulina.' },
        { name: 'Overnight Lip and Face Mask Duo', blurb: 'Two overnight treatments in one set.' },
        { name: 'Bubble Oxygen Mask', blurb: 'A fizzing mask that deep-cleans pores.' },
      ],
    },
    {
      slug: 'eye-care',
      name: 'Eye Care',
      description: 'Creams, gels and patches for the delicate eye area.',
      motif: 'tube',
      variants: [
        { title: '15 ml', priceCents: 2000 },
        { title: '30 ml', priceCents: 3400 },
      ],
      products: [
        { name: 'Caffeine Depuffing Eye Gel', blurb: 'Five percent caffeine for puffy mornings.' },
        { name: 'Retinal Eye Cream', blurb: 'Gentle retinal for fine lines around the eyes.' },
        { name: 'Hydrogel Under-Eye Patches', blurb: 'Sixty cooling patches for tired eyes.' },
        { name: 'Peptide Eye Cream', blurb: 'Peptides and ceramides for firmness.' },
        { name: 'Brightening Eye Serum', blurb: 'Vitamin C and niacinamide for dark circles.' },
      ],
    },
    {
      slug: 'lip-care',
      name: 'Lip Care',
      description: 'Balms, masks and scrubs for soft lips.',
      motif: 'stick',
      variants: [
        { title: 'Single', priceCents: 800 },
        { title: 'Trio', priceCents: 2000 },
      ],
      products: [
        { name: 'Berry Lip Sleeping Mask', blurb: 'Wake up to soft, smooth lips.' },
        { name: 'Tinted Lip Balm SPF 15', tags: ['spf'], blurb: 'A sheer tint that protects.' },
        { name: 'Sugar Lip Scrub', blurb: 'Brown sugar buffs away dry flakes.' },
        { name: 'Peptide Lip Treatment', blurb: 'A glossy balm with plumping peptides.' },
        { name: 'Unscented Repair Lip Balm', blurb: 'Lanolin-free repair for cracked lips.' },
      ],
    },
  ],
};
