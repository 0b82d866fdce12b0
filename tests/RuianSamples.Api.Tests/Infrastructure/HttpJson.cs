using System.Net;
using System.Text.Json;

namespace RuianSamples.Api.Tests.Infrastructure;

public static class HttpJson
{
    public static async Task<JsonElement> GetJson(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, $"{url} answered {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static IEnumerable<string> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).ToString());

    /// <summary>Follows links.next from the first page to the last, collecting every item.</summary>
    public static async Task<List<JsonElement>> AllPages(this HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        string? next = url;
        var pages = 0;
        while (next is not null)
        {
            var page = await client.GetJson(next);
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            next = page.GetProperty("links").GetProperty("next").GetString();
            (++pages).Should().BeLessThan(1000, "paging must end");
        }
        return items;
    }
}
