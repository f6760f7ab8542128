-- The shared file store (server/files/): photos, scans and documents kept in the database,
-- so that backups, replicas and every server process see the same files.
CREATE TABLE files (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Sniffed from the bytes, never taken from a name or header.
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size integer NOT NULL CHECK (size > 0),
  name text CHECK (length(name) BETWEEN 1 AND 200),
  width integer CHECK (width > 0),
  height integer CHECK (height > 0),
  -- From the photo's EXIF, when present.
  taken_at timestamptz,
  taken_position geometry(Point, 4326),
  bytes bytea NOT NULL,
  -- Images: a JPEG at most 320 px on its longer side, and a copy without EXIF for the public.
  thumbnail bytea,
  public_bytes bytea,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_sha256_idx ON files (sha256);
