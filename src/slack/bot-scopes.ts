/**
 * The bot token scopes manifest.yml asks for (oauth_config.scopes.bot), in its order. manifest.yml
 * is not bundled on Lambda, so `/redshift doctor` and `npm run doctor` check the token against this
 * list; a unit test keeps it equal to the manifest.
 */
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'im:write',
  'channels:read',
  'groups:read',
];
