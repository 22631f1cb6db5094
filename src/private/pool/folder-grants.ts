import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { ObjectAccess } from '../../folder-grant-options';
import * as v from '../validation';

/**
 * The S3 folders of one pool's identities: `<prefix>/<folder>/*` for the objects and
 * `s3:ListBucket` limited to the folder, where the folder is a policy variable (the identity
 * id, or a principal tag's value). A grant only works on a role the pool hands out, which is
 * checked at synth.
 */
export class FolderGrants {
  /** Roles given a folder grant: the pool must hand them out. */
  private readonly roles = new Set<iam.IRole>();

  /** @param pool the pool the folders are for: errors name it */
  constructor(private readonly pool: IConstruct) {}

  public grant(role: iam.IRole, bucket: s3.IBucket, prefix: string, folder: string, access = ObjectAccess.READ_WRITE): iam.Grant {
    if (!Token.isUnresolved(prefix) && (prefix.startsWith('/') || prefix.endsWith('/') || prefix.length === 0)) {
      v.invalid(this.pool, 'prefix', prefix, 'give a key prefix without a leading or trailing slash, for example "private"');
    }
    this.roles.add(role);
    const actions = [
      ...(access !== ObjectAccess.WRITE ? ['s3:GetObject'] : []),
      ...(access !== ObjectAccess.READ ? ['s3:PutObject', 's3:DeleteObject'] : []),
    ];
    const objects = iam.Grant.addToPrincipal({ grantee: role, actions, resourceArns: [bucket.arnForObjects(`${prefix}/${folder}/*`)] });
    const listing = iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['s3:ListBucket'],
      resourceArns: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}/${folder}/`, `${prefix}/${folder}/*`] } },
    });
    if (bucket.encryptionKey) {
      if (access === ObjectAccess.READ) {
        bucket.encryptionKey.grantDecrypt(role);
      } else {
        bucket.encryptionKey.grantEncryptDecrypt(role);
      }
    }
    return objects.combine(listing);
  }

  /** At synth: every role given a folder must be one the pool hands out. */
  public check(handedOut: iam.IRole[]): string[] {
    return [...this.roles].filter((role) => !handedOut.includes(role)).map((role) =>
      `invalid role ${role.node.path} of a folder grant: this pool does not hand it out (not a default role, not in a role mapping), ` +
        'so no identity of the pool ever uses the grant');
  }
}
