using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// Automatic persisted queries (Apollo's protocol): a client sends only
/// extensions.persistedQuery.sha256Hash; when the server does not know the hash it answers
/// PersistedQueryNotFound and the client retries with the query, which is then kept. Bounded;
/// cleared when full.
/// </summary>
public sealed class PersistedQueries
{
    private readonly ConcurrentDictionary<string, string> _queries = new(StringComparer.Ordinal);

    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public bool TryGet(string hash, out string query) => _queries.TryGetValue(hash.ToLowerInvariant(), out query!);

    public void Add(string hash, string query)
    {
        if (_queries.Count >= GraphQLLimits.PersistedQueryEntries) _queries.Clear();
        _queries[hash.ToLowerInvariant()] = query;
    }
}
