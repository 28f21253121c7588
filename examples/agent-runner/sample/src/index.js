var format = require('./format')

var series = {
  latency: [12, 15, 11, 19],
  errors: [],
}

for (var name in series) {   
  console.log(format.describe(name, series[name]))
}
