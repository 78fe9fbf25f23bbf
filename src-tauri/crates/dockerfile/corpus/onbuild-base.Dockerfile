# A base image for apps: the app's own Dockerfile just says FROM it.
FROM node:20-alpine
WORKDIR /usr/src/app
ONBUILD ARG NODE_ENV=production
ONBUILD ENV NODE_ENV=$NODE_ENV
ONBUILD COPY package*.json ./
ONBUILD RUN npm ci
ONBUILD COPY . .
ONBUILD HEALTHCHECK CMD wget -q -O- http://localhost:3000/ || exit 1
CMD ["npm", "start"]
