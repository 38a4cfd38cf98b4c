/** A tiny XML writer for the Query protocol: every text value is escaped, absent values are left out. */

const REDSHIFT_XMLNS = 'http://redshift.amazonaws.com/doc/2012-12-01/';

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** An element holding text; undefined leaves the element out, as AWS omits unset fields. */
export function text(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** An element holding a timestamp, ISO 8601 as the awsQuery deserialiser reads it. */
export function time(name: string, ms: number | undefined): string {
  return ms === undefined ? '' : text(name, new Date(ms).toISOString());
}

/** An element holding already-written XML. */
export function node(name: string, ...children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** A wrapped list: `<Clusters><Cluster>…</Cluster></Clusters>` (member name from the SDK model). */
export function list(name: string, member: string, items: readonly string[]): string {
  return node(name, ...items.map((item) => node(member, item)));
}

/** `xmlns`: the service's namespace; Redshift's unless another Query-protocol service (STS, IAM) writes it. */
export function successDocument(operation: string, result: string, requestId: string, xmlns = REDSHIFT_XMLNS): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${operation}Response xmlns="${xmlns}">` +
    node(`${operation}Result`, result) +
    node('ResponseMetadata', text('RequestId', requestId)) +
    `</${operation}Response>`
  );
}

export function errorDocument(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
  xmlns = REDSHIFT_XMLNS,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${xmlns}">` +
    node('Error', text('Type', type), text('Code', code), text('Message', message)) +
    text('RequestId', requestId) +
    `</ErrorResponse>`
  );
}
