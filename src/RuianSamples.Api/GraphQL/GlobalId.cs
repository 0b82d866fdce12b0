using System.Text;
using GraphQL;

namespace RuianSamples.Api.GraphQL;

/// <summary>Relay global IDs: base64 of "Type:key", where key is the record's public identifier (number, slug, key or id).</summary>
public static class GlobalId
{
    public static string Encode(string type, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{type}:{key}"));

    public static string Encode(string type, long key) => Encode(type, key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Decodes an ID; a malformed one is a client error that names the argument.</summary>
    public static (string Type, string Key) Decode(string id, string argument = "id")
    {
        try
        {
            if (id.Length <= 200)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(id));
                var colon = text.IndexOf(':');
                if (colon > 0 && colon < text.Length - 1) return (text[..colon], text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }
        throw new ExecutionError($"'{(id.Length > 30 ? id[..30] + "…" : id)}' is not an ID this API issued. Use the id field of a record unchanged.")
        {
            Code = "BAD_USER_INPUT",
            Data = { ["argument"] = argument },
        };
    }
}
