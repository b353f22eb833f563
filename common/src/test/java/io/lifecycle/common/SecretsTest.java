package io.lifecycle.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            jdbc:postgresql://alice:s3cr3t@db:5432/wh                  | jdbc:postgresql://***@db:5432/wh
            cannot read jdbc:mysql://bob:p%40ss@db/wh: refused         | cannot read jdbc:mysql://***@db/wh: refused
            jdbc:postgresql://db/wh?user=alice&password=s3cr3t&ssl=true | jdbc:postgresql://db/wh?user=alice&password=***&ssl=true
            jdbc:sqlserver://db;user=alice;Password=s3cr3t;encrypt=true | jdbc:sqlserver://db;user=alice;Password=***;encrypt=true
            spark.hadoop.fs.s3a.secret.key=AbC/dEf+1 was set           | spark.hadoop.fs.s3a.secret.key=*** was set
            {"access_key": "AKIA123", "token": 'xyz'}                  | {"access_key": ***, "token": ***}
            PASSWD: hunter2                                            | PASSWD: ***
            api-key=k1 and apiKey=k2                                   | api-key=*** and apiKey=***
            https://example.com/path?q=1 stays                         | https://example.com/path?q=1 stays
            s3a://bucket/lakehouse/gold and user@example.com stay      | s3a://bucket/lakehouse/gold and user@example.com stay
            rows_read=12 passed=true                                   | rows_read=12 passed=true
            UnknownHostException: alice:Sup3r@127.0.0.1                | UnknownHostException: ***@127.0.0.1
            at io.lifecycle.SecretsTest.run(SecretsTest.java:12)       | at io.lifecycle.SecretsTest.run(SecretsTest.java:12)
            """)
    void masksCredentialsAndNothingElse(String text, String expected) {
        assertEquals(expected, Secrets.scrub(text));
    }
}
