/** One demo category: its products are the cross product of `names` with the store's variants. */
export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
  motif: string;
  /** Tags every product of the category carries (what the category means to shoppers: "men"). */
  tags?: string[];
  /** Product names; each becomes one product. */
  products: { name: string; series?: string; tags?: string[]; blurb: string }[];
  /** Variant titles with list prices in cents (each product gets these, with a small deterministic spread). */
  variants: { title: string; priceCents: number }[];
}

/** A demo store as the seed creates it through the module APIs. */
export interface DemoStore {
  slug: string;
  name: string;
  tagline: string;
  hosts: string[];
  policy: unknown;
  seed: number;
  categories: DemoCategory[];
  /** Sentence appended to every description (the store's promise). */
  promise: string;
  /** Search synonym groups the owner starts with (editable in the back office). */
  synonyms?: string[][];
}
