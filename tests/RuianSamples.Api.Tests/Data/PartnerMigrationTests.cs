using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Partners;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>Upgrades keep the data: a database of the schema before partner writes is migrated with its data as it was.</summary>
[Trait(Engines.Trait, Engines.SqliteOnly)] // the SQLite file itself: its header, journal, PRAGMAs, kill -9 of its writer
public class PartnerMigrationTests
{
    /// <summary>Takes a current database back to the schema before 0006_partner_writes (and the migrations that came after it), as a database of an earlier release is.</summary>
    internal static void BeforePartnerWrites(string path)
    {
        using var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path));
        connection.Open();
        connection.Execute("""
            DROP TABLE idempotency_keys; DROP TABLE audit_log; DROP TABLE change_feed; DROP TABLE revisions; DROP TABLE api_keys;
            DROP INDEX ix_figures_retracted; DROP INDEX ix_reforms_id_region_slug;
            ALTER TABLE figures DROP COLUMN retraction_comment; ALTER TABLE figures DROP COLUMN retracted_by; ALTER TABLE figures DROP COLUMN retracted_at;
            ALTER TABLE figures DROP COLUMN revision; ALTER TABLE reforms DROP COLUMN revision; ALTER TABLE sources DROP COLUMN revision;
            DROP TABLE search_vocab; DROP TABLE IF EXISTS record_documents; DROP TABLE search_suggest;
            ALTER TABLE search_docs DROP COLUMN en_title_spans; ALTER TABLE search_docs DROP COLUMN en_body_spans;
            DELETE FROM schema_versions WHERE version >= 6;
            """);
        MigrationRunner.CurrentVersion(connection).Should().Be(5);
    }

    [Fact]
    public void Upgrading_a_database_of_the_previous_schema_keeps_its_data_and_a_restart_keeps_partner_revisions()
    {
        var directory = TempPaths.NewDirectory("upgrade");
        var path = Path.Combine(directory, "catalog.db");
        try
        {
            DatabaseInitializer.EnsureReady(path, TempPaths.ShippedSeeds);
            BeforePartnerWrites(path);
            // Data that is not the seeds': a changed value and a source added by hand, as an agency's edits would be.
            using (var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path)))
            {
                connection.Open();
                connection.Execute("UPDATE figures SET value = 301, value_text = '301' WHERE key = 'f001-018'");
                connection.Execute("""
                    INSERT INTO sources (id, file, original_name, title_zh, title_en, date, date_precision, date_inferred, sha256, text, text_normalized)
                    VALUES ('agency-notice', 'agency-notice.txt', 'agency-notice.txt', '通知', 'Notice', '2025', 'year', 0, 'x', '正文', '正文')
                    """);
            }
            var before = Snapshot(path);

            DatabaseInitializer.EnsureReady(path, TempPaths.ShippedSeeds).Should().Be(DatabaseInitializer.Outcome.Migrated);

            Snapshot(path).Should().Be(before, "the migration adds columns and tables and changes no row");
            using (var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path)))
            {
                connection.Open();
                MigrationRunner.CurrentVersion(connection).Should().Be(MigrationRunner.Latest);
                // The migration rebuilt the derived tables: every search row has its English spans (0010), so pages are marked from them.
                connection.ExecuteScalar<long>("SELECT count(*) FROM search_docs WHERE en_title_spans IS NULL OR en_body_spans IS NULL").Should().Be(0);
                connection.ExecuteScalar<long>("SELECT count(*) FROM search_docs").Should().BeGreaterThan(500);
                connection.ExecuteScalar<long>("SELECT value FROM figures WHERE key = 'f001-018'").Should().Be(301);
                connection.ExecuteScalar<long>("SELECT revision FROM figures WHERE key = 'f001-018'").Should().Be(1);
                connection.ExecuteScalar<long>("SELECT count(*) FROM sources WHERE id = 'agency-notice' AND revision = 1").Should().Be(1);
                // A partner revision, then a restart: start-up never overwrites data.
                using var tx = connection.BeginTransaction();
                PartnerQueries.AddRevision(connection, tx, new PartnerQueries.RevisionRow
                {
                    RecordType = "source", RecordKey = "agency-notice", Revision = 1, Action = "create", CreatedAt = "2025-01-01T00:00:00Z", KeyName = "test", Changes = "{}", DatasetVersion = "x",
                });
                tx.Commit();
            }
            DatabaseInitializer.EnsureReady(path, TempPaths.ShippedSeeds).Should().Be(DatabaseInitializer.Outcome.UpToDate);
            using (var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path)))
            {
                connection.Open();
                PartnerQueries.RevisionCount(connection).Should().Be(1);
            }

            // reimport refuses while the revision is not exported, and says how many and how to export.
            var options = new CatalogOptions { DataDirectory = directory, SeedsDirectory = TempPaths.ShippedSeeds };
            var refusal = KeyCommands.ReimportRefusal(options, force: true);
            refusal.Should().Contain("1 partner revision").And.Contain("export revisions");
            KeyCommands.Export(options, ["revisions", Path.Combine(directory, "revisions.ndjson")]).Should().Be(0);
            File.ReadAllLines(Path.Combine(directory, "revisions.ndjson")).Should().ContainSingle().Which.Should().Contain("agency-notice");
            KeyCommands.ReimportRefusal(options, force: false).Should().NotBeNull("without --force it still refuses");
            KeyCommands.ReimportRefusal(options, force: true).Should().BeNull("--force after the export goes ahead");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Snapshot(string path)
    {
        using var connection = new SqliteConnection(CatalogDb.ReadConnectionString(path) + ";Pooling=False");
        connection.Open();
        var rows = new List<string>();
        foreach (var table in new[] { "sources", "figures", "reforms", "samples", "regions", "firsts", "milestones", "honors", "dataset_meta" })
            foreach (var row in connection.Query($"SELECT * FROM {table} ORDER BY 1"))
            {
                var values = (IDictionary<string, object?>)row;
                rows.Add(table + ":" + string.Join('|', values.Where(v => v.Key is not ("revision" or "retracted_at" or "retracted_by" or "retraction_comment")).Select(v => v.Value)));
            }
        return string.Join('\n', rows);
    }
}
