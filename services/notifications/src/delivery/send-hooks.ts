/** Test seams around the send; production leaves them empty. */
export interface SendHooks {
  /** Runs after the in-doubt marker committed, before the send transaction locks the job again. */
  afterPrepare?: (notificationId: string) => Promise<void>;
  /** Runs while the sender holds the job's row lock, just before the provider call. */
  beforeSend?: (notificationId: string) => Promise<void>;
}

export const SEND_HOOKS = 'NOTIFICATIONS_SEND_HOOKS';
