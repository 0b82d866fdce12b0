using System.Reflection;
using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Data.Migrations;

/// <summary>
/// Applies schema/migrations/NNNN_name.sql (embedded in the assembly) in order, each in its own
/// transaction, recording them in schema_versions. Hand-written rather than DbUp: it is forty
/// lines, and it must run inside the import's transaction for an empty database, which DbUp's
/// own connection management does not allow.
/// </summary>
public static class MigrationRunner
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> All { get; } = Load();

    public static int Latest => All.Count == 0 ? 0 : All[^1].Version;

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n["migrations/".Length..^".sql".Length];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(int.Parse(name[..4]), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'";
        if (Convert.ToInt64(command.ExecuteScalar()) == 0) return 0;
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_versions";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    /// <summary>Applies every pending migration inside <paramref name="transaction"/>.</summary>
    public static int Apply(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS schema_versions (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT
            """;
        command.ExecuteNonQuery();
        var current = CurrentVersion(connection, transaction);
        var applied = 0;
        foreach (var migration in All.Where(m => m.Version > current))
        {
            command.CommandText = migration.Sql;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO schema_versions (version, name, applied_at) VALUES ($v, $n, $t)";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$v", migration.Version);
            command.Parameters.AddWithValue("$n", migration.Name);
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            command.ExecuteNonQuery();
            command.Parameters.Clear();
            applied++;
        }
        return applied;
    }
}
