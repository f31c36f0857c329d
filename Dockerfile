# syntax=docker/dockerfile:1
# One image for every Kyros process (api, worker, console, terminal daemon, migrations). The
# TypeScript sources run through tsx exactly as under `npm start`; only the console is prebuilt.
# Used by docker-compose.yml; build alone with `docker build -t kyros:local .`.
FROM node:20.20.2-bookworm-slim

# package-lock.json and the allowScripts decisions in package.json are npm 11's.
RUN npm install --global npm@11.19.1

WORKDIR /app
# The whole tree, because npm ci runs the root postinstall (Prisma client generation), which
# needs prisma/. A .dockerignore keeps node_modules, .data, .tools and .git out of the context.
COPY . .
# Dev dependencies stay: tsx runs the sources and the console build needs Vite and Remix.
RUN npm ci && npm run build:console

ENV NODE_ENV=production \
    KYROS_DATA_DIR=/data \
    KYROS_BIND_HOST=0.0.0.0
RUN mkdir -p /data /keys && chown node:node /data /keys
USER node
VOLUME ["/data"]
EXPOSE 8000 3001 7681

CMD ["node", "--import", "tsx", "api/src/main.ts"]
