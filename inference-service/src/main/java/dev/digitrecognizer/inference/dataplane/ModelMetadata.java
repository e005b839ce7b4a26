package dev.digitrecognizer.inference.dataplane;

import java.util.List;
import java.util.Map;

/** Model metadata; {@code card} is this server's addition: how the model was made and how well it does. */
public record ModelMetadata(
        String name,
        List<String> versions,
        String platform,
        List<Tensor> inputs,
        List<Tensor> outputs,
        Map<String, Object> card) {

    public record Tensor(String name, String datatype, List<Long> shape) {}
}
