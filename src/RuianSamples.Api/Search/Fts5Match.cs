using System.Text;

namespace RuianSamples.Api.Search;

/// <summary>
/// The FTS5 MATCH expressions <see cref="SearchService.BuildMatch"/> writes, read back as a tree: quoted phrases on a
/// column set (<c>{en_title en_body} : "commission" *</c>, a trailing * for a prefix, several phrases of one column set
/// in parentheses joined by OR), AND, OR and parentheses. PostgreSQL's compiler (<see cref="PostgresMatch"/>) and the
/// English marks (<see cref="EnglishMarks"/>) read this one tree; SQLite reads the text itself.
/// </summary>
public abstract record Fts5Match
{
    public sealed record Or(IReadOnlyList<Fts5Match> Parts) : Fts5Match;

    public sealed record And(IReadOnlyList<Fts5Match> Parts) : Fts5Match;

    /// <summary>A phrase as written between the quotes (FTS5's tokenizer makes its tokens), on these columns.</summary>
    public sealed record Phrase(IReadOnlyList<string> Columns, string Text, bool Prefix) : Fts5Match;

    /// <summary>The phrases in the order FTS5 numbers them (left to right).</summary>
    public IEnumerable<Phrase> Phrases() => this switch
    {
        Phrase p => [p],
        Or o => o.Parts.SelectMany(p => p.Phrases()),
        And a => a.Parts.SelectMany(p => p.Phrases()),
        _ => [],
    };

    public static Fts5Match Parse(string text)
    {
        var parser = new Parser(text);
        var tree = parser.Or();
        parser.End();
        return tree;
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public Fts5Match Or()
        {
            var parts = new List<Fts5Match> { And() };
            while (Take(" OR ")) parts.Add(And());
            return parts.Count == 1 ? parts[0] : new Or(parts);
        }

        private Fts5Match And()
        {
            var parts = new List<Fts5Match> { Primary() };
            while (Take(" AND ")) parts.Add(Primary());
            return parts.Count == 1 ? parts[0] : new And(parts);
        }

        private Fts5Match Primary()
        {
            if (Take("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }
            var columns = ColumnSet();
            Expect(" : ");
            if (!Take("(")) return Leaf(columns);
            var alternatives = new List<Fts5Match> { Leaf(columns) };
            while (Take(" OR ")) alternatives.Add(Leaf(columns));
            Expect(")");
            return new Or(alternatives);
        }

        private List<string> ColumnSet()
        {
            if (Take("{"))
            {
                var end = text.IndexOf('}', _at);
                if (end < 0) throw Error("an unclosed column set");
                var names = text[_at..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                _at = end + 1;
                return names;
            }
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterLower(text[_at]) || text[_at] == '_')) _at++;
            return [text[start.._at]];
        }

        private Phrase Leaf(List<string> columns)
        {
            Expect("\"");
            var phrase = new StringBuilder();
            while (true)
            {
                if (_at >= text.Length) throw Error("an unclosed phrase");
                if (text[_at] == '"')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '"') { phrase.Append('"'); _at += 2; continue; }
                    _at++;
                    break;
                }
                phrase.Append(text[_at++]);
            }
            return new Phrase(columns, phrase.ToString(), Take(" *"));
        }

        private bool Take(string s)
        {
            if (string.CompareOrdinal(text, _at, s, 0, s.Length) != 0) return false;
            _at += s.Length;
            return true;
        }

        private void Expect(string s)
        {
            if (!Take(s)) throw Error($"'{s}'");
        }

        public void End()
        {
            if (_at != text.Length) throw Error("the end");
        }

        private InvalidOperationException Error(string expected) =>
            new($"Search expression not understood at {_at} (expected {expected}): {text}");
    }
}
