export type BundleErrorKind = 'missing' | 'invalid' | 'network';

/**
 * A bundle file that could not be read or does not have the expected shape. `message` is plain
 * French for anyone (no developer command in it); `location` is the URL or path.
 */
export class BundleError extends Error {
  readonly kind: BundleErrorKind;
  readonly location: string;
  constructor(kind: BundleErrorKind, location: string, message: string) {
    super(message);
    this.name = 'BundleError';
    this.kind = kind;
    this.location = location;
  }
}
