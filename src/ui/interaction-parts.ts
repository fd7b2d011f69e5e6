// The interaction parts as one module: what `InteractionLoader`s load.
export { CommentForm } from './comment-form';
export { CommentEditor } from './comment-editor';
