/**
 * Where to show a picture that ships with the app from. The data names them `/static/<folder>/<name>.png`
 * (venue photos: scripts/make-venue-photos.mjs; lesson pictures: scripts/make-course-pictures.mjs). H5 serves them at
 * that very path, while the weapp build copies each folder into the subpackage whose pages show it (config/index.ts
 * `copy`), so they do not weigh on the main package every user downloads first. Any other picture (https://, cloud://
 * file ids) is shown as it is.
 */
export const PACKAGED_IMAGE_FOLDERS: Readonly<Record<string, string>> = {
  '/static/venues/': '/packages/venue',
  '/static/courses/': '/packages/course',
};

export const packagedImageSrc = (url: string): string => {
  if (process.env.TARO_ENV !== 'weapp') return url;
  const folder = Object.keys(PACKAGED_IMAGE_FOLDERS).find((prefix) => url.startsWith(prefix));
  return folder ? `${PACKAGED_IMAGE_FOLDERS[folder]}${url}` : url;
};
