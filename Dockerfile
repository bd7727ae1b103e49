# consular-sim: one image for the API (serve) and the workers (worker).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No lifecycle scripts here: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The Lab (served by `serve` at /lab) bundles the scenarios and reference data at build time.
COPY lab ./lab
COPY config ./config
COPY scenarios ./scenarios
# The build also stores Hızır's parsed knowledge base next to the compiled engine (fast `ask`).
COPY scripts/build-hizir-snapshot.cjs ./scripts/
RUN npm run build && npm run build:lab && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config ./config
COPY scenarios ./scenarios
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/consular-sim.js"]
CMD ["serve"]
