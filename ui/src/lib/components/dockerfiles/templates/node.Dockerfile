# A Node.js web app. Expects package.json and package-lock.json, and server.js as the entry.
#   docker build -t my-node-app:1 .
#   docker run -d -p 3000:3000 my-node-app:1
# Add a .dockerignore with "node_modules" so your local modules are not sent to the build.

# The official Node image on slim Debian, with a fixed major version.
FROM node:22-bookworm-slim

# Libraries such as Express behave faster and quieter in production mode.
ENV NODE_ENV=production

WORKDIR /app

# Dependencies first, the code after: while package*.json stay the same, the install below
# comes from the build cache and editing your code does not reinstall everything.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# Now the rest of the app.
COPY . .

# The Node image comes with an unprivileged user named "node".
USER node

# Documents the port the app listens on; publish it with "docker run -p".
EXPOSE 3000

# Exec form, and node itself rather than "npm start": node then gets "docker stop" directly
# and can shut down cleanly.
CMD ["node", "server.js"]
