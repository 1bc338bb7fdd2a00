package io.pgrepl.benchmarks.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with no code of its own: what it does comes from auto-configuration. */
@SpringBootApplication
public class BenchmarkApplication {

}
