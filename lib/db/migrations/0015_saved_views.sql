-- Saved views (lib/views): the instance list's filters, search and sort under a name, private to
-- their owner or shared with everyone. `query` is the list's URL parameters exactly as
-- /instances reads them (lib/instances/list-params.ts), so a saved view is a link
-- (/instances?view=<id>) and a schedule can resolve its filter again at each run.
CREATE TABLE IF NOT EXISTS saved_views (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL,
  owner_email text NOT NULL,
  name text NOT NULL,
  query text NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT saved_views_owner_id_name_key UNIQUE (owner_id, name),
  CONSTRAINT saved_views_name_check CHECK (char_length(name) BETWEEN 1 AND 80),
  CONSTRAINT saved_views_query_check CHECK (char_length(query) <= 2000)
);
CREATE INDEX IF NOT EXISTS saved_views_shared ON saved_views (name) WHERE shared;
