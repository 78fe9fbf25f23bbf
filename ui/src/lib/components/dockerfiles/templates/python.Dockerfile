# A Python app. Expects requirements.txt and app.py beside this Dockerfile.
#   docker build -t my-python-app:1 .
#   docker run -d -p 8000:8000 my-python-app:1

# The official slim Python image, with a fixed minor version.
FROM python:3.12-slim

# No .pyc files in the image, and print() output shows in "docker logs" at once.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app

# Requirements first: while they stay the same, the install below is taken from the cache.
COPY requirements.txt ./

# One layer: install without keeping pip's download cache, and create the user the app runs
# as (a fixed id, so files it writes to a volume have a predictable owner).
RUN pip install --no-cache-dir -r requirements.txt \
    && useradd --system --uid 10001 --no-create-home app

# Then the code, which changes most often.
COPY . .

USER app

EXPOSE 8000

# Exec form: python is the main process and receives "docker stop" itself.
CMD ["python", "app.py"]
