/**
 * Uploading a picture the person chose (activity covers): weapp → Taro.cloud.uploadFile to CloudBase storage; H5 → the
 * local runtime's storage endpoint. Answers the file id to send with the activity; the server checks type and size,
 * resizes it and sends it to the image check.
 *
 * TO BE BUILT (engineer C).
 */
export async function uploadImage(_filePath: string): Promise<string> {
  return Promise.reject(new Error('not built yet'));
}
