import Handlebars from 'handlebars/runtime';

/**
 * Handlebars' own escaping, for values put into HTML without a template. From the runtime build,
 * so deliver (which fills pre-rendered parts) escapes exactly as the templates do without
 * carrying the template compiler.
 */
export const escapeHtml: (value: string) => string = Handlebars.Utils.escapeExpression;
