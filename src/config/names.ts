/**
 * Name rules shared by config validation and the features, kept free of zod so a feature that only
 * needs a regular expression does not pull the full zod into the Lambda cold start.
 */

/** A target name in chatops.yml. */
export const TARGET_NAME_RE = /^[a-z][a-z0-9_-]{0,39}$/;

/** Redshift standard identifiers, lower case (unquoted names fold to lower case anyway). */
export const REDSHIFT_NAME_RE = /^[a-z_][a-z0-9_$]{0,126}$/;
