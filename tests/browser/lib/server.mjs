// A static file server that answers like GitHub Pages for a project site:
// the site lives under a sub-path, a folder serves its index.html (a folder
// named without its trailing slash is redirected to it), a missing path gets
// status 404 with the body of the site's 404.html, text is gzipped when the
// client accepts it, and every file is cacheable for ten minutes.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json|wasm)|image\/svg\+xml)/;

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function statOrNull(file) {
  try {
    return await fs.stat(file);
  } catch {
    return null;
  }
}

/**
 * Serves `root` under `mount` (e.g. '/dossier/') on 127.0.0.1 at a free port.
 * The folder need not exist yet: every request looks at the disk afresh.
 * Returns { port, origin, url(pathBelowMount), close() }.
 */
export async function startServer({ root, mount = '/dossier/' }) {
  const send = (req, res, status, type, body, extra = {}) => {
    const headers = { 'content-type': type, 'cache-control': 'max-age=600', vary: 'Accept-Encoding', ...extra };
    if (body && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = zlib.gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body ? body.length : 0;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const notFound = async (req, res) => {
    let body;
    try {
      body = await fs.readFile(path.join(root, '404.html'));
    } catch {
      body = Buffer.from('<!doctype html><title>404</title><p>File not found</p>');
    }
    send(req, res, 404, 'text/html; charset=utf-8', body);
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://localhost');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return notFound(req, res);
      }
      if (pathname + '/' === mount) {
        res.writeHead(301, { location: mount + url.search }).end();
        return;
      }
      if (!pathname.startsWith(mount) || pathname.includes('\0')) return notFound(req, res);
      const rel = pathname.slice(mount.length);
      const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
      if (file !== path.resolve(root) && !file.startsWith(path.resolve(root) + path.sep)) {
        return notFound(req, res);
      }
      let target = file;
      let stat = await statOrNull(target);
      if (stat?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
          return;
        }
        target = path.join(file, 'index.html');
        stat = await statOrNull(target);
      }
      if (!stat?.isFile()) return notFound(req, res);
      const body = await fs.readFile(target);
      send(req, res, 200, contentType(target), body, { 'last-modified': stat.mtime.toUTCString() });
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(err));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    base: `${origin}${mount}`,
    url: (rel = '') => `${origin}${mount}${rel}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
