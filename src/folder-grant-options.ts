/**
 * What a per-identity grant allows on the objects under the prefix.
 */
export enum ObjectAccess {
  /** `s3:GetObject`. */
  READ = 'READ',
  /** `s3:PutObject` and `s3:DeleteObject`. */
  WRITE = 'WRITE',
  /** Both. */
  READ_WRITE = 'READ_WRITE',
}

/**
 * Options of the per-identity S3 grants.
 */
export interface FolderGrantOptions {
  /**
   * The key prefix the folders live under, without a leading or trailing slash.
   *
   * @default 'private' for `grantIdentityFolder`, 'shared' for `grantPrincipalTagFolder`
   */
  readonly prefix?: string;

  /**
   * What the role may do with the objects of its folder. Listing is always limited to the
   * folder by an `s3:prefix` condition.
   *
   * @default ObjectAccess.READ_WRITE
   */
  readonly access?: ObjectAccess;
}
