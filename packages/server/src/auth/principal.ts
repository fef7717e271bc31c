/** Who is calling, once SigV4 has verified the request. */
export interface Principal {
  arn: string;
  accountId: string;
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  /** The unique id (AIDA… for users), CloudTrail's principalId. */
  userId: string;
  userName?: string;
  roleArn?: string;
  accessKeyId: string;
  tags?: Record<string, string>;
}
