/**
 * Where to show a venue photo from. The data names the placeholder photos that ship with the app as
 * `/static/venues/<type>.png` (scripts/make-venue-photos.mjs); H5 serves them at that very path, while the weapp build
 * copies them into this subpackage (config/index.ts `copy`) so they do not weigh on the main package every user
 * downloads first. Any other photo (https://, cloud:// file ids) is shown as it is.
 */
export const venuePhotoSrc = (photo: string): string =>
  process.env.TARO_ENV === 'weapp' && photo.startsWith('/static/venues/') ? `/packages/venue${photo}` : photo;
