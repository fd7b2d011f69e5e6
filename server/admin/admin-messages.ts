import { isNatterError } from 'natter';
import type { AdminStatus, StatusFilter } from './admin-api';

/** The moderator-facing message for an error; raw server text is never shown. */
export function adminErrorMessage(error: unknown, context: 'login' | 'action' = 'action'): string {
  const code = isNatterError(error) ? error.code : 'server';
  switch (code) {
    case 'unauthorized':
      return context === 'login' ? 'Wrong password.' : 'Your admin session has ended. Please sign in again.';
    case 'rate_limited':
      return 'Too many attempts. Please wait a while and try again.';
    case 'not_found':
      return context === 'login'
        ? 'The admin page is turned off on this server (no admin password is set).'
        : 'That comment no longer exists.';
    case 'network':
    case 'timeout':
      return 'The comments server could not be reached. Check your connection and try again.';
    case 'invalid':
      return 'The server refused that. Please check and try again.';
    case 'too_long':
      return 'That comment is too long.';
    default:
      return 'Something went wrong. Please try again.';
  }
}

/** Tab labels. */
export const FILTER_LABELS: Record<StatusFilter, string> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  deleted: 'Deleted',
  all: 'All',
};

/** What an empty list says, per tab. */
export const EMPTY_LABELS: Record<StatusFilter, string> = {
  pending: 'No comments are waiting for moderation.',
  approved: 'No approved comments.',
  spam: 'No spam.',
  deleted: 'No deleted comments.',
  all: 'No comments.',
};

/** The action button of each status, and what is announced once it is done. */
export const STATUS_ACTIONS: Record<AdminStatus, { label: string; done: string }> = {
  approved: { label: 'Approve', done: 'approved' },
  spam: { label: 'Spam', done: 'marked as spam' },
  deleted: { label: 'Delete', done: 'deleted' },
  pending: { label: 'Unapprove', done: 'moved back to pending' },
};
