import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { readPersonal } from '#modules/privacy';
import { reviewsPersonalData } from './reviews.personal-data.ts';
import { reviewsRepository } from './reviews.repository.ts';
import { eraseReviews } from './reviews.ts';
import { reviewsRoutes } from './reviews.routes.ts';

/** Reviews (SF-6): verified purchasers' reviews, moderated by the owner, averages on the catalog. */
export const reviewsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'reviews',
  apiRoutes: reviewsRoutes,
  personalData: {
    declaration: reviewsPersonalData,
    export: async (ctx, subjectId) => {
      const out = [];
      for (const r of await reviewsRepository.ofSubject(ctx.db, subjectId)) {
        const opened = await readPersonal(
          ctx,
          {
            table: 'reviews.review',
            rowId: r.id,
            subjectId: r.subjectId,
            values: { body: r.body, display_name: r.displayName },
          },
          'reviews',
        );
        out.push({
          rating: r.rating,
          text: opened.body,
          name: opened.display_name,
          status: r.status,
          createdAt: r.createdAt,
        });
      }
      return { 'reviews.review': out };
    },
    erase: (ctx, subjectId) => eraseReviews(ctx, subjectId),
  },
};
