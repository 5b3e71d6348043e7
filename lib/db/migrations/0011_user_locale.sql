-- The console language each user chose (the Language control in the user menu); NULL follows the
-- browser's Accept-Language. Kept on the server, so the choice follows the user across browsers.
ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text;
DO $$ BEGIN
  ALTER TABLE users ADD CONSTRAINT users_locale_check CHECK (locale IS NULL OR locale IN ('en', 'zh-CN'));
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
