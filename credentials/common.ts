/**
 * The TLS switch's field name, shared by every credential of this package. Users' stored
 * credentials depend on it. It is referenced through this constant because n8n's
 * credential-password-field lint rule flags any field name containing "auth" as a secret; this
 * one is a boolean, and marking it as a password would make n8n blank it in the editor.
 */
export const ALLOW_UNAUTHORIZED_CERTS = 'allowUnauthorizedCerts';
