using System.Text;
using Dapper;

namespace RuianSamples.Api.Search;

/// <summary>
/// A search query compiled for PostgreSQL: the FTS5 MATCH expression that <see cref="SearchService"/>
/// builds from analysed tokens (the one description of what a query means) becomes conditions on
/// search_fts's three tsvectors (zh_bi, zh_uni, en: titles weight A, bodies D), a rank, and the
/// English query that highlights. The grammar is the small one BuildMatch writes: quoted token
/// phrases under a column filter, a trailing * for a prefix, AND, OR and parentheses. Tokens
/// travel as parameters, never as SQL.
/// </summary>
public sealed class PostgresMatch
{
    public required string Where { get; init; }
    public required string Rank { get; init; }
    /// <summary>The English leaves ORed, for ts_headline; "NULL" when the query has none.</summary>
    public required string EnglishQuery { get; init; }
    public required DynamicParameters Parameters { get; init; }

    // Title weight A counts ten times body weight D, as bm25(10, 10, 1, 1, 10, 1) weighs the columns on SQLite;
    // normalisation 1 divides by 1 + log(length). This is ts_rank, not BM25 (no idf, a milder length norm): the
    // README gives the judged scores on both engines. Ranks are negated so that lower is better on both.
    private static string RankOf(string vector, string query) => "ts_rank('{0.1, 0.1, 0.1, 1.0}', search_fts." + vector + ", " + query + ", 1)";

    private static readonly Dictionary<string, (string Vector, char Weight)> Columns = new(StringComparer.Ordinal)
    {
        ["zh_title_bi"] = ("zh_bi", 'A'), ["zh_body_bi"] = ("zh_bi", 'D'),
        ["zh_title_uni"] = ("zh_uni", 'A'), ["zh_body_uni"] = ("zh_uni", 'D'),
        ["en_title"] = ("en", 'A'), ["en_body"] = ("en", 'D'),
    };

    public static PostgresMatch Compile(string fts5Match)
    {
        var compiler = new Compiler(fts5Match);
        var where = compiler.Or();
        compiler.End();
        var ranks = compiler.Leaves.Select(v => RankOf(v.Key, string.Join(" || ", v.Value))).ToList();
        return new PostgresMatch
        {
            Where = where,
            Rank = "-(" + string.Join(" + ", ranks) + ")",
            EnglishQuery = compiler.Leaves.TryGetValue("en", out var en) ? string.Join(" || ", en) : "NULL",
            Parameters = compiler.Parameters,
        };
    }

    private sealed class Compiler(string text)
    {
        private int _at;
        public readonly DynamicParameters Parameters = new();
        public readonly Dictionary<string, List<string>> Leaves = new(StringComparer.Ordinal);
        private int _count;

        public string Or()
        {
            var parts = new List<string> { And() };
            while (Take(" OR ")) parts.Add(And());
            return parts.Count == 1 ? parts[0] : "(" + string.Join(" OR ", parts) + ")";
        }

        private string And()
        {
            var parts = new List<string> { Primary() };
            while (Take(" AND ")) parts.Add(Primary());
            return parts.Count == 1 ? parts[0] : "(" + string.Join(" AND ", parts) + ")";
        }

        private string Primary()
        {
            if (Take("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }
            var columns = ColumnSet();
            Expect(" : ");
            if (Take("("))
            {
                var alternatives = new List<string> { Leaf(columns) };
                while (Take(" OR ")) alternatives.Add(Leaf(columns));
                Expect(")");
                return "(" + string.Join(" OR ", alternatives) + ")";
            }
            return Leaf(columns);
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

        /// <summary>A quoted phrase (and a trailing * for a prefix) on the given columns.</summary>
        private string Leaf(List<string> columns)
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
            var prefix = Take(" *");
            var tokens = phrase.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var conditions = new List<string>();
            foreach (var group in columns.Select(c => Columns.TryGetValue(c, out var v) ? v : throw Error($"the column {c}")).GroupBy(v => v.Vector))
            {
                var weights = group.Select(g => g.Weight).Distinct().Count() == 2 ? "" : group.First().Weight.ToString();
                var name = "m" + _count++;
                Parameters.Add(name, string.Join(" <-> ", tokens.Select((t, i) =>
                    "'" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'"
                    + (prefix && i == tokens.Length - 1 || weights.Length > 0 ? ":" : "") + (prefix && i == tokens.Length - 1 ? "*" : "") + weights)));
                var query = $"to_tsquery('english', @{name})";
                conditions.Add($"search_fts.{group.Key} @@ {query}");
                if (!Leaves.TryGetValue(group.Key, out var list)) Leaves[group.Key] = list = [];
                list.Add(query);
            }
            return conditions.Count == 1 ? conditions[0] : "(" + string.Join(" OR ", conditions) + ")";
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
