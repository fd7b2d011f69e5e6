// The interaction parts as one module: what `InteractionLoader`s load.
export { CommentForm } from './comment-form';
export { CommentEditor } from './comment-editor';
export { DeleteQuestion } from './delete-question';
export { LiveUpdates } from './live-updates';
export { actionErrorMessage as errorMessage } from './action-error-message';
export { default as css } from '../styles/interaction.css?inline';
