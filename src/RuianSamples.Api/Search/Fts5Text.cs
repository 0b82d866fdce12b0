using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Search;

/// <summary>
/// What SQLite's FTS5 makes of search_fts's six texts, from SQLite itself: rows go into an in-memory FTS5 table declared
/// as 0002_search.sql declares search_fts, inside a transaction that is then rolled back. Their tokens come back through
/// fts5vocab's 'instance' table (token, row, text, position); their matches of a query through highlight(). PostgreSQL's
/// index and queries use these tokens (Porter's stems, unicode61's case folding and diacritics), and both engines' results
/// these marks (<see cref="Mark"/>), so both match, count and mark the very same tokens, with no second stemmer that could
/// drift from FTS5's. An instance is not thread-safe: <see cref="Of"/> and <see cref="Mark"/> keep a small pool.
/// </summary>
public sealed class Fts5Text : IDisposable
{
    /// <summary>search_fts's tokenizer as 0002_search.sql declares it (a test holds the two equal).</summary>
    public const string Declaration = "porter unicode61 remove_diacritics 2";

    /// <summary>search_fts's texts in FTS5's column order (bm25's weights follow it).</summary>
    public static readonly string[] Columns = ["zh_title_bi", "zh_title_uni", "zh_body_bi", "zh_body_uni", "en_title", "en_body"];

    private const int Batch = 1000;

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly Dictionary<string, int> _columnIndex = Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    public Fts5Text()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = $"""
            CREATE VIRTUAL TABLE t USING fts5 ({string.Join(", ", Columns)}, tokenize = '{Declaration}');
            CREATE VIRTUAL TABLE v USING fts5vocab('t', 'instance');
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>Each row's texts (in <see cref="Columns"/> order; fewer are the first ones) as FTS5's tokens, in order.</summary>
    public string[][][] Tokens(IReadOnlyList<string[]> rows)
    {
        var result = new string[rows.Count][][];
        for (var from = 0; from < rows.Count; from += Batch)
        {
            var count = Math.Min(Batch, rows.Count - from);
            var found = new List<(int Row, int Column, int Offset, string Term)>();
            PrepareOnce();
            _begin!.ExecuteNonQuery();
            try
            {
                var id = _insert!.Parameters[0];
                for (var r = 0; r < count; r++)
                {
                    id.Value = r;
                    for (var c = 0; c < Columns.Length; c++) _insert.Parameters[c + 1].Value = c < rows[from + r].Length ? rows[from + r][c] : "";
                    _insert.ExecuteNonQuery();
                }
                using var reader = _vocab!.ExecuteReader();
                while (reader.Read())
                    found.Add(((int)reader.GetInt64(0), _columnIndex[reader.GetString(1)], (int)reader.GetInt64(2), reader.GetString(3)));
            }
            finally
            {
                _rollback!.ExecuteNonQuery(); // the rows were only there to be read
            }
            var lengths = new int[count, Columns.Length];
            foreach (var f in found) lengths[f.Row, f.Column] = Math.Max(lengths[f.Row, f.Column], f.Offset + 1);
            for (var r = 0; r < count; r++)
            {
                result[from + r] = new string[Columns.Length][];
                for (var c = 0; c < Columns.Length; c++) result[from + r][c] = new string[lengths[r, c]];
            }
            foreach (var f in found) result[from + f.Row][f.Column][f.Offset] = f.Term;
        }
        return result;
    }

    /// <summary>
    /// The English title and body (search_fts's en_title, en_body) of the rows that match <paramref name="match"/> (an FTS5
    /// expression), each match between U+E000 and U+E001, as highlight() marks them in the catalog's search_fts: the same
    /// tokens and the same expression, so the same marks, at a cost that depends on these rows only.
    /// </summary>
    public static Dictionary<long, (string Title, string Body)> Mark(IReadOnlyList<(long Id, string[] Texts)> rows, string match) =>
        Use(text => text.MarkRows(rows, match));

    private SqliteCommand? _insert, _highlight, _vocab, _begin, _rollback;

    // Every statement is prepared once per instance: Microsoft.Data.Sqlite prepares a new command's SQL on every run
    // (BeginTransaction's BEGIN and Rollback's ROLLBACK included), and a first-time English query tokenizes its phrases here.
    private void PrepareOnce()
    {
        if (_insert is not null) return;
        _begin = Prepared("BEGIN");
        _rollback = Prepared("ROLLBACK");
        _insert = Prepared($"INSERT INTO t (rowid, {string.Join(", ", Columns)}) VALUES ($id, {string.Join(", ", Columns.Select((_, i) => "$c" + i))})",
            ["$id", .. Columns.Select((_, i) => "$c" + i)], [SqliteType.Integer, .. Columns.Select(_ => SqliteType.Text)]);
        _highlight = Prepared("SELECT rowid, highlight(t, 4, char(57344), char(57345)), highlight(t, 5, char(57344), char(57345)) FROM t WHERE t MATCH $match",
            ["$match"], [SqliteType.Text]);
        _vocab = Prepared("SELECT doc, col, \"offset\", term FROM v");
    }

    private SqliteCommand Prepared(string sql, string[]? names = null, SqliteType[]? types = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < (names?.Length ?? 0); i++) command.Parameters.Add(names![i], types![i]);
        command.Prepare();
        return command;
    }

    private Dictionary<long, (string, string)> MarkRows(IReadOnlyList<(long Id, string[] Texts)> rows, string match)
    {
        PrepareOnce();
        var marked = new Dictionary<long, (string, string)>();
        _begin!.ExecuteNonQuery();
        try
        {
            foreach (var (id, texts) in rows)
            {
                _insert!.Parameters[0].Value = id;
                for (var c = 0; c < Columns.Length; c++) _insert.Parameters[c + 1].Value = texts[c];
                _insert.ExecuteNonQuery();
            }
            _highlight!.Parameters[0].Value = match;
            using var reader = _highlight.ExecuteReader();
            while (reader.Read())
                marked[reader.GetInt64(0)] = (reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2));
        }
        finally
        {
            _rollback!.ExecuteNonQuery(); // the rows were only there to be marked
        }
        return marked;
    }

    private static readonly ConcurrentBag<Fts5Text> Pool = [];

    private static T Use<T>(Func<Fts5Text, T> work)
    {
        if (!Pool.TryTake(out var text)) text = new Fts5Text();
        try
        {
            return work(text);
        }
        finally
        {
            Pool.Add(text);
        }
    }

    // A query's phrases come again and again (each search tokenizes its phrases); the tokenizer never changes, so what
    // it made of a phrase is kept, up to a bound that holds a few hundred kilobytes.
    private const int MaxPhrasesKept = 4096;
    private static readonly ConcurrentDictionary<string, string[]> PhraseTokens = new(StringComparer.Ordinal);

    /// <summary>One text's tokens (a query's phrase). The array is shared: read it, never change it.</summary>
    public static string[] Of(string text)
    {
        if (PhraseTokens.TryGetValue(text, out var kept)) return kept;
        var tokens = Use(t => t.Tokens([[text]])[0][0]);
        if (PhraseTokens.Count >= MaxPhrasesKept) PhraseTokens.Clear();
        PhraseTokens[text] = tokens;
        return tokens;
    }

    public void Dispose()
    {
        _insert?.Dispose();
        _highlight?.Dispose();
        _vocab?.Dispose();
        _begin?.Dispose();
        _rollback?.Dispose();
        _connection.Dispose();
    }
}
