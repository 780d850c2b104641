/** The one map of collection names. Repositories use these; nothing else touches the database. */
export const Collections = {
  users: 'users',
  streets: 'streets',
  communities: 'communities',
  venues: 'venues',
  stations: 'stations',
  organizations: 'organizations',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];
