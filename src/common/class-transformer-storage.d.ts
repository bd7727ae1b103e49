/** class-transformer's metadata storage: shipped as JavaScript under cjs/, typed under types/. */
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
