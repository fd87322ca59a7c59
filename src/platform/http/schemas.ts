import { Type } from 'typebox';

/** A store's slug in a path (`/api/…/stores/:store`). */
export const StoreSlug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });

/** Path parameters of a store-scoped route. */
export const StoreParams = Type.Object({ store: StoreSlug });

/** Every 4xx answer: the error kind, a precise message, and (for form errors) the fields. */
export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/**
 * A route's `preValidation` for a body whose every field is optional: a request with no body at
 * all means "the defaults" (the validator would otherwise refuse it as not an object).
 */
export const emptyBodyMeansDefaults = async (request: { body: unknown }): Promise<void> => {
  request.body ??= {};
};
