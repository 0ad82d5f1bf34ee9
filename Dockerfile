# One image for all four services; the command picks one: gateway (default), routing, provider or notifications.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/telemetry/package.json packages/telemetry/
COPY packages/sessions/package.json packages/sessions/
COPY packages/webhooks/package.json packages/webhooks/
COPY packages/providers/package.json packages/providers/
COPY packages/provider-accounts/package.json packages/provider-accounts/
COPY packages/client/package.json packages/client/
COPY packages/console/package.json packages/console/
COPY services/gateway/package.json services/gateway/
COPY services/routing/package.json services/routing/
COPY services/provider/package.json services/provider/
COPY services/notifications/package.json services/notifications/
COPY services/embedded/package.json services/embedded/
COPY patches patches
# No dependency's install scripts; our own patches of dependencies are applied (patches/README.md says what each does and why).
RUN npm ci --ignore-scripts && npx patch-package
COPY packages packages
COPY services services
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/packages/contracts/package.json packages/contracts/
COPY --from=build --chown=node:node /app/packages/contracts/dist packages/contracts/dist
COPY --from=build --chown=node:node /app/packages/platform/package.json packages/platform/
COPY --from=build --chown=node:node /app/packages/platform/dist packages/platform/dist
COPY --from=build --chown=node:node /app/packages/telemetry/package.json packages/telemetry/
COPY --from=build --chown=node:node /app/packages/telemetry/dist packages/telemetry/dist
COPY --from=build --chown=node:node /app/packages/sessions/package.json packages/sessions/
COPY --from=build --chown=node:node /app/packages/sessions/dist packages/sessions/dist
COPY --from=build --chown=node:node /app/packages/webhooks/package.json packages/webhooks/
COPY --from=build --chown=node:node /app/packages/webhooks/dist packages/webhooks/dist
COPY --from=build --chown=node:node /app/packages/providers/package.json packages/providers/
COPY --from=build --chown=node:node /app/packages/providers/dist packages/providers/dist
COPY --from=build --chown=node:node /app/packages/provider-accounts/package.json packages/provider-accounts/
COPY --from=build --chown=node:node /app/packages/provider-accounts/dist packages/provider-accounts/dist
COPY --from=build --chown=node:node /app/packages/console/package.json /app/packages/console/index.js /app/packages/console/index.d.ts packages/console/
COPY --from=build --chown=node:node /app/packages/console/dist packages/console/dist
COPY --from=build --chown=node:node /app/services/gateway/package.json services/gateway/
COPY --from=build --chown=node:node /app/services/gateway/dist services/gateway/dist
COPY --from=build --chown=node:node /app/services/routing/package.json services/routing/
COPY --from=build --chown=node:node /app/services/routing/dist services/routing/dist
COPY --from=build --chown=node:node /app/services/provider/package.json services/provider/
COPY --from=build --chown=node:node /app/services/provider/dist services/provider/dist
COPY --from=build --chown=node:node /app/services/notifications/package.json services/notifications/
COPY --from=build --chown=node:node /app/services/notifications/dist services/notifications/dist
COPY --chown=node:node scripts/container-entrypoint.sh /usr/local/bin/checkout
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||process.env.HEALTH_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["checkout"]
CMD ["gateway"]
