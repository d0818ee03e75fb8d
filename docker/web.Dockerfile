# syntax=docker/dockerfile:1
# The web app, built with Vite and served by nginx, which also forwards the API's paths to the api service.
# Build from the repository root: docker build -f docker/web.Dockerfile -t crm-web .

FROM node:20-slim AS build
# Corepack in Node 20 cannot check the signature of pnpm 12; the lockfile still pins every dependency's integrity.
ENV COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0 CI=true
RUN corepack enable
WORKDIR /src
COPY package.json ./
RUN corepack install
# The lockfile alone decides what is downloaded, so this layer survives every change to the code.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline --filter "@crm/web..."
RUN pnpm --filter "@crm/web..." build

FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/apps/web/dist /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1
