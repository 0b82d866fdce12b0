-- 0010: where each token of a row's English title and body stands, with the token FTS5 made of it, as
-- 'start,length,token' entries (UTF-16 units) separated by spaces; NULL where the index build could not place FTS5's
-- tokens in the text (Search/EnglishMarks.Spans). A page's English fields are marked from them as highlight() marks
-- them, without tokenizing its texts again (issues 14 and 17). Derived, like the rest of the index: the migration's
-- rebuild of the derived tables fills them.
ALTER TABLE search_docs ADD COLUMN en_title_spans TEXT;
ALTER TABLE search_docs ADD COLUMN en_body_spans TEXT;
