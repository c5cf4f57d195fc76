# Checked without a Docker engine by test/e2e/dockerfile.e2e-spec.ts (see the README's Docker section).
# Node 22 is the maintained LTS line (Node 20 reached its end of life in April 2026).

# Build stage: compile TypeScript with the dev dependencies.
FROM node:22-bookworm-slim AS build
# @scarf/scarf (pulled in by swagger-ui-dist) phones home from its install script otherwise
ENV SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
# package.json's overrides install `fs` from ./tools/fs-shim: it must be there before npm ci
COPY tools ./tools
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ormconfig.ts ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run stage: only what runs, as an unprivileged user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data SCARF_ANALYTICS=false
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
# The image has no curl: node asks GET /v1/health (200 only when the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const r=require('http').get({host:'127.0.0.1',port:process.env.PORT||3000,path:'/v1/health',timeout:4000},(s)=>process.exit(s.statusCode===200?0:1));r.on('error',()=>process.exit(1));r.on('timeout',()=>process.exit(1))"]
# The same node flags as `npm start` (package.json; a test checks they agree): a larger young
# generation, docs/DECISIONS.md ("The server's node flags").
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
