import { expect } from "chai";
import { redisUrl } from "../../../components/cache/url";

describe("redis url", () => {
  it("uses TLS and the AUTH token as the default user's password, percent-encoded", () => {
    expect(redisUrl("clustercfg.x.cache.amazonaws.com", "a/b@c")).to.equal(
      "rediss://:a%2Fb%40c@clustercfg.x.cache.amazonaws.com:6379",
    );
  });

  it("leaves out the credentials when there is no AUTH token", () => {
    expect(redisUrl("127.0.0.1", "", 6380)).to.equal("rediss://127.0.0.1:6380");
  });

  it("refuses a host that could smuggle text into the URL, naming it", () => {
    expect(() => redisUrl("evil.com/x@y", "t")).to.throw(/redis url: host "evil\.com\/x@y"/);
    expect(() => redisUrl("h", "t", 70000)).to.throw(/port 70000/);
  });
});
