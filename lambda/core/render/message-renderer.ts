import { compileHandlebars, type TemplateFunction } from './handlebars-template';
import type { CompiledTemplate, MessageRenderer, NewsletterView, PreparedIssue } from './types';

export interface CompiledParts<View = NewsletterView> {
  readonly html: TemplateFunction<View>;
  readonly text: TemplateFunction<View>;
}

/** The file names errors point at: the compiled HTML comes from `<name>.mjml`. */
export function compileParts<View = NewsletterView>(
  template: CompiledTemplate,
): CompiledParts<View> {
  return {
    html: compileHandlebars<View>(template.html, `${template.name}.mjml (compiled HTML)`, 'html'),
    text: compileHandlebars<View>(template.text, `${template.name}.txt.hbs`, 'text'),
  };
}

/**
 * Compiles the issue's templates once; each `render` is one recipient's Handlebars fill. Used for
 * previews and the archived copy; deliver's hot path is prepareMessage, which gives the same
 * result without re-rendering what every recipient shares.
 */
export function createMessageRenderer(prepared: PreparedIssue): MessageRenderer {
  const parts = compileParts(prepared.template);
  const shared = { list: prepared.list, issue: prepared.issue };
  return {
    render(recipient) {
      const view = { ...shared, recipient };
      return { html: parts.html(view), text: parts.text(view) };
    },
  };
}
