import ReactMarkdown, { type Components } from 'react-markdown';

import { safeHttpUrl } from '../../lib/evidence';
import './Markdown.css';

// Markdown written by workflows (an approval's detail) rendered safely: raw HTML is never parsed
// (no rehype-raw) but shown as the text it is, so a reviewer sees everything that was written;
// react-markdown's default URL transform empties `javascript:` and other unsafe URLs; outside
// links cannot reach back through `window.opener`; and no remote images (the CSP would block
// them anyway): an image reads as its alt text and, when it is a web URL, a link.

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** Parents whose children are inline (phrasing) content. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'tableCell']);

/** A remark plugin: every raw HTML node becomes text (a paragraph of text at block level). */
function htmlAsText() {
  const walk = (node: MdNode) => {
    const children = node.children;
    if (!children) return;
    const inline = PHRASING_PARENTS.has(node.type);
    node.children = children.map((child) => {
      if (child.type !== 'html') {
        walk(child);
        return child;
      }
      const text: MdNode = { type: 'text', value: child.value ?? '' };
      return inline ? text : { type: 'paragraph', children: [text] };
    });
  };
  return (tree: MdNode) => {
    walk(tree);
  };
}

const remarkPlugins = [htmlAsText];
// Headings in the markdown sit below the page's own (an approval card is an h2 or h3).
const components: Components = {
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h5>{children}</h5>,
  h3: ({ children }) => <h6>{children}</h6>,
  h4: ({ children }) => <h6>{children}</h6>,
  h5: ({ children }) => <h6>{children}</h6>,
  h6: ({ children }) => <h6>{children}</h6>,
  a({ href, children }) {
    const external = href ? safeHttpUrl(href) : null;
    if (!href) return <span>{children}</span>;
    return external ? (
      <a href={external} rel="noopener noreferrer" target="_blank">
        {children}
      </a>
    ) : (
      <a href={href}>{children}</a>
    );
  },
  img({ src, alt }) {
    const href = typeof src === 'string' ? safeHttpUrl(src) : null;
    const text = `[image: ${alt ?? 'no description'}]`;
    return href ? (
      <a href={href} rel="noopener noreferrer" target="_blank">
        {text}
      </a>
    ) : (
      <span>{text}</span>
    );
  },
};

export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
