// The instrumentation scope of every span the services make.
export const tracerName = 'identity-services';

// A path with its ids (interaction uids, token ids) replaced by `:id`, so span names stay few
// enough to group by. An id is a long segment with a digit or a capital letter in it: generated
// ids of 20 or more characters nearly always have one, route names (`openid-configuration`)
// never do.
export function spanRoute(path: string): string {
  return path.replace(/\/(?=[^/]*[\dA-Z])[\w-]{20,}(?=\/|$)/g, '/:id');
}
