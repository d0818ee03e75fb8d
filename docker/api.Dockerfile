# syntax=docker/dockerfile:1
# The API image. Build from the repository root: docker build -f docker/api.Dockerfile -t crm-api .
# Usually built and run by docker/compose.yaml.

FROM node:20-slim AS pnpm
# Corepack in Node 20 cannot check the signature of pnpm 12; the lockfile still pins every dependency's integrity.
ENV COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0 CI=true
RUN corepack enable
WORKDIR /src
COPY package.json ./
RUN corepack install

FROM pnpm AS build
# The lockfile alone decides what is downloaded, so this layer survives every change to the code.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline --filter "@crm/api..."
RUN pnpm --filter "@crm/api..." build
# A folder with the API, its built workspace libraries and its production dependencies only.
RUN pnpm --filter @crm/api deploy --prod --offline /deploy

FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
# Owned by root and only readable by the node user that runs it: the process cannot change its own code.
COPY --from=build /deploy ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
