import { packagedImageSrc } from '../../services/packaged-images';

/**
 * Where to show a venue photo from: the placeholder photos that ship with the app (`/static/venues/<type>.png`) come
 * from the venue subpackage on weapp (src/services/packaged-images.ts); any other photo is shown as it is.
 */
export const venuePhotoSrc = (photo: string): string => packagedImageSrc(photo);
