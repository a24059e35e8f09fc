// Entry point of the node build (tests/node): the same bindings as the page,
// over a UiState that nothing draws, so every binding can be called from node.
#include "adapters.h"
#include "ui_state.h"

int main() {
  // Lives as long as the module (the runtime stays alive after main returns).
  auto* state = new vramcalc::ui::UiState(vramcalc::ui::MakeInitialState());
  vramcalc::web::Attach(state);
  return 0;
}
