package dev.tessera.boot;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A test of a test application on a random port, over real HTTP. */
abstract class RealHttpTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUpHttp() {
        this.http = new TestHttp(this.port);
    }
}
