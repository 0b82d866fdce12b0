using System.Text;
using Dapper;

namespace RuianSamples.Api.Search;

/// <summary>
/// A search query compiled for PostgreSQL: the FTS5 MATCH expression that <see cref="SearchService"/>
/// builds from analysed tokens (the one description of what a query means) becomes conditions on
/// search_fts's three tsvectors (zh_bi, zh_uni, en: titles weight A, bodies D) and FTS5's bm25() over the
/// same tokens. Each quoted phrase is tokenised by FTS5's own
/// tokenizer (<see cref="Fts5Text"/>), as SQLite does when it reads the MATCH, so both engines look
/// up the same tokens. The grammar is the small one BuildMatch writes: quoted token phrases under a
/// column filter, a trailing * for a prefix, AND, OR and parentheses. Tokens travel as parameters, never as SQL.
/// </summary>
public sealed class PostgresMatch
{
    public required string Where { get; init; }
    /// <summary>", f0, f1 …": each phrase's weighted frequency in the row, for the select list of the matched rows.</summary>
    public required string Frequencies { get; init; }
    /// <summary>bm25 of the matched row d (columns dl, f0, f1 … from <see cref="Frequencies"/>), negated as FTS5's: lower is better.</summary>
    public required string Rank { get; init; }
    public required DynamicParameters Parameters { get; init; }

    // search_fts's texts in FTS5's column order, the tsvector that holds each and the weight it carries there, and
    // bm25's weight for it (0002_search.sql: bm25(10.0, 10.0, 1.0, 1.0, 10.0, 1.0)).
    private static readonly Dictionary<string, (string Vector, char Weight, string Bm25Weight)> Columns = new(StringComparer.Ordinal)
    {
        ["zh_title_bi"] = ("zh_bi", 'A', "10.0"), ["zh_title_uni"] = ("zh_uni", 'A', "10.0"),
        ["zh_body_bi"] = ("zh_bi", 'D', "1.0"), ["zh_body_uni"] = ("zh_uni", 'D', "1.0"),
        ["en_title"] = ("en", 'A', "10.0"), ["en_body"] = ("en", 'D', "1.0"),
    };

    /// <summary>A text's tokens as search_fts's *_tokens columns hold them: each between two spaces, ' a  b  c '.</summary>
    public static string Stream(IEnumerable<string> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens) builder.Append(' ').Append(token).Append(' ');
        return builder.ToString();
    }

    // FTS5's bm25 (ext/fts5/fts5_aux.c), term for term and in its order of operations, so that both engines compute the
    // same doubles and order ties alike: idf = ln((N - hits + 0.5) / (hits + 0.5)), at least 1e-6; score = sum over
    // phrases of idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)); rank = -1 * score. N and the tokens behind
    // avgdl are search_stats's totals, hits the rows that hold the phrase in its columns, D the row's tokens.
    private const string AverageLength = "(SELECT CAST(tokens AS double precision) / CAST(docs AS double precision) FROM search_stats)";

    private static string Idf(string hitsCondition) =>
        "(SELECT CASE WHEN x <= 0.0::float8 THEN 1e-6::float8 ELSE x END FROM (SELECT ln((CAST(s.docs - c.n AS double precision) + 0.5::float8) / (CAST(c.n AS double precision) + 0.5::float8)) AS x "
        + "FROM search_stats s, (SELECT count(*) AS n FROM search_fts h WHERE " + hitsCondition + ") c) i)";

    private static string Term(int phrase, string idf) =>
        $"{idf} * ((d.f{phrase} * (1.2::float8 + 1.0::float8)) / (d.f{phrase} + 1.2::float8 * (1.0::float8 - 0.75::float8 + 0.75::float8 * d.dl / {AverageLength})))";

    public static PostgresMatch Compile(string fts5Match)
    {
        var compiler = new Compiler();
        var where = compiler.Condition(Fts5Match.Parse(fts5Match));
        var score = "0.0::float8";
        for (var i = 0; i < compiler.Phrases.Count; i++) score = $"({score} + {Term(i, Idf(compiler.Phrases[i].Hits))})";
        return new PostgresMatch
        {
            Where = where,
            Frequencies = string.Concat(compiler.Phrases.Select((p, i) => $",\n       {p.Frequency} AS f{i}")),
            Rank = "(-1.0::float8 * " + score + ")",
            Parameters = compiler.Parameters,
        };
    }

    private sealed class Compiler
    {
        public readonly DynamicParameters Parameters = new();
        /// <summary>FTS5's phrases in the order it numbers them: the rows that hold each (over alias h), its weighted frequency in search_fts's row.</summary>
        public readonly List<(string Hits, string Frequency)> Phrases = [];
        private int _count;

        /// <summary>The tree as a condition on search_fts, its phrases compiled left to right (FTS5's numbering).</summary>
        public string Condition(Fts5Match node) => node switch
        {
            Fts5Match.Or or => "(" + string.Join(" OR ", or.Parts.Select(Condition)) + ")",
            Fts5Match.And and => "(" + string.Join(" AND ", and.Parts.Select(Condition)) + ")",
            Fts5Match.Phrase phrase => Leaf(phrase),
            _ => throw new InvalidOperationException($"Search expression node {node} not understood"),
        };

        /// <summary>A quoted phrase (and a trailing * for a prefix) on its columns.</summary>
        private string Leaf(Fts5Match.Phrase leaf)
        {
            var prefix = leaf.Prefix;
            var tokens = Fts5Text.Of(leaf.Text);
            var resolved = leaf.Columns.Select(c => (Name: c, Column: Columns.TryGetValue(c, out var v) ? v : throw new InvalidOperationException($"Search expression names an unknown column {c}"))).ToList();
            if (tokens.Length == 0)
            {
                Phrases.Add(("false", "0.0::float8"));
                return "false";
            }
            var conditions = new List<string>();
            foreach (var group in resolved.GroupBy(c => c.Column.Vector))
            {
                var weights = group.Select(g => g.Column.Weight).Distinct().Count() == 2 ? "" : group.First().Column.Weight.ToString();
                var name = "m" + _count++;
                Parameters.Add(name, string.Join(" <-> ", tokens.Select((t, i) => Lexeme(t)
                    + (prefix && i == tokens.Length - 1 || weights.Length > 0 ? ":" : "") + (prefix && i == tokens.Length - 1 ? "*" : "") + weights)));
                conditions.Add($"{group.Key} @@ CAST(@{name} AS tsquery)");
            }

            // The phrase's occurrences per text: a count of its token stream in the text's; a phrase that can overlap
            // itself (哈哈 哈哈) or ends in a prefix is counted by a regular expression that looks ahead at every position.
            var pattern = PostgresMatch.Stream(tokens);
            var counter = "p" + _count++;
            var overlaps = prefix || Enumerable.Range(1, tokens.Length - 1).Any(k => tokens.Skip(k).SequenceEqual(tokens.Take(tokens.Length - k)));
            Parameters.Add(counter, overlaps ? "(?=" + RegexQuoted(pattern.TrimEnd()) + (prefix ? "[^ ]*" : "") + " )" : pattern);
            string Count(string text) => overlaps
                ? $"regexp_count(search_fts.{text}_tokens, @{counter})"
                : $"((length(search_fts.{text}_tokens) - length(replace(search_fts.{text}_tokens, @{counter}, ''))) / length(@{counter}))";
            Phrases.Add((
                "(" + string.Join(" OR ", conditions.Select(c => "h." + c)) + ")",
                "(" + string.Join(" + ", resolved.Select(c => $"{c.Column.Bm25Weight}::float8 * {Count(c.Name)}")) + ")"));
            return conditions.Count == 1 ? "search_fts." + conditions[0] : "(" + string.Join(" OR ", conditions.Select(c => "search_fts." + c)) + ")";
        }

        private static string Lexeme(string token) =>
            "'" + token.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

        private static string RegexQuoted(string text)
        {
            var builder = new StringBuilder(text.Length * 2);
            foreach (var c in text)
            {
                if (!char.IsLetterOrDigit(c) && c != ' ') builder.Append('\\');
                builder.Append(c);
            }
            return builder.ToString();
        }
    }
}
